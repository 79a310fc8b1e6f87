-- Erasure (contacts/erase.ts): a row deleted from an FTS5 index leaves its words in the index's
-- segments until they happen to be merged, so an erased person's name and address would stay in
-- offline_thread_search_data and the like. With secure-delete on, FTS5 removes a deleted row's
-- words from the segments as it deletes it (a little more work per delete; the setting is kept
-- in each index's _config table). Written by hand: drizzle-kit does not know virtual tables.
INSERT INTO `offline_thread_search` (`offline_thread_search`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `offline_message_search` (`offline_message_search`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `contact_search` (`contact_search`, `rank`) VALUES ('secure-delete', 1);
