-- Search over the offline inbox (routes/offline.ts `q`): the visitor's name and email per thread,
-- and the text of every message, in FTS5 indexes kept current by triggers on every path that
-- writes a thread or a message. Written by hand: drizzle-kit does not know virtual tables.
-- Each row carries its thread's id, so a match names its thread without a join; its rowid is
-- the source row's, so an update or delete finds it. (Not external-content tables: those read
-- the text back by the source's rowid, which a VACUUM may renumber on tables keyed by text.)
-- unicode61 with remove_diacritics 2: « Zoé » is found by « zoe », « Hélène » by « helene ».
CREATE VIRTUAL TABLE `offline_thread_search` USING fts5(`thread_id` UNINDEXED, `name`, `email`, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `offline_message_search` USING fts5(`thread_id` UNINDEXED, `text`, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `offline_threads_search_insert` AFTER INSERT ON `offline_threads` BEGIN
  INSERT INTO `offline_thread_search` (rowid, `thread_id`, `name`, `email`) VALUES (new.rowid, new.`id`, new.`name`, new.`email`);
END;
--> statement-breakpoint
CREATE TRIGGER `offline_threads_search_delete` AFTER DELETE ON `offline_threads` BEGIN
  DELETE FROM `offline_thread_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `offline_threads_search_update` AFTER UPDATE OF `name`, `email` ON `offline_threads` BEGIN
  UPDATE `offline_thread_search` SET `name` = new.`name`, `email` = new.`email` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `offline_messages_search_insert` AFTER INSERT ON `offline_messages` BEGIN
  INSERT INTO `offline_message_search` (rowid, `thread_id`, `text`) VALUES (new.rowid, new.`thread_id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `offline_messages_search_delete` AFTER DELETE ON `offline_messages` BEGIN
  DELETE FROM `offline_message_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `offline_messages_search_update` AFTER UPDATE OF `text` ON `offline_messages` BEGIN
  UPDATE `offline_message_search` SET `text` = new.`text` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
-- Threads and messages written before this migration.
INSERT INTO `offline_thread_search` (rowid, `thread_id`, `name`, `email`) SELECT rowid, `id`, `name`, `email` FROM `offline_threads`;
--> statement-breakpoint
INSERT INTO `offline_message_search` (rowid, `thread_id`, `text`) SELECT rowid, `thread_id`, `text` FROM `offline_messages`;
