ALTER TABLE `integrations` ADD `sync_cursor` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `token_rejected_at` integer;