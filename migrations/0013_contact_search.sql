-- Search over the contacts list (routes/contacts.ts `q`): name, email, phone and company in an
-- FTS5 index kept current by triggers on every path that writes a contact. Written by hand:
-- drizzle-kit does not know virtual tables. As in 0008, each row carries the contact's id and its
-- rowid is the contact's, so an update or delete finds it; unicode61 with remove_diacritics 2
-- finds « Zoé » by « zoe ». `digits` is the phone without its spaces, dots, dashes, brackets and
-- plus, so « 0612 » finds « 06 12 34 56 78 » as typed either way.
CREATE VIRTUAL TABLE `contact_search` USING fts5(`contact_id` UNINDEXED, `name`, `email`, `phone`, `company`, `digits`, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `contacts_search_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contact_search` (rowid, `contact_id`, `name`, `email`, `phone`, `company`, `digits`)
  VALUES (new.rowid, new.`id`, new.`name`, new.`email`, new.`phone`, new.`company`,
    replace(replace(replace(replace(replace(replace(new.`phone`, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '+', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM `contact_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_update` AFTER UPDATE OF `name`, `email`, `phone`, `company` ON `contacts` BEGIN
  UPDATE `contact_search` SET `name` = new.`name`, `email` = new.`email`, `phone` = new.`phone`, `company` = new.`company`,
    `digits` = replace(replace(replace(replace(replace(replace(new.`phone`, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '+', '')
  WHERE rowid = old.rowid;
END;
--> statement-breakpoint
-- Contacts written before this migration.
INSERT INTO `contact_search` (rowid, `contact_id`, `name`, `email`, `phone`, `company`, `digits`)
SELECT rowid, `id`, `name`, `email`, `phone`, `company`,
  replace(replace(replace(replace(replace(replace(`phone`, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '+', '')
FROM `contacts`;
