CREATE TABLE `saved_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`owner_id` text,
	`shortcut` text NOT NULL,
	`body` text NOT NULL,
	`language` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `saved_replies_workspace` ON `saved_replies` (`workspace_id`,`owner_id`,`shortcut`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating_comment` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rated_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `preferences` text;