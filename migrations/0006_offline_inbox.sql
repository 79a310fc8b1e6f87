CREATE TABLE `offline_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`author` text NOT NULL,
	`user_id` text,
	`text` text NOT NULL,
	`via` text NOT NULL,
	`email_id` text,
	`dedupe_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offline_messages_dedupe` ON `offline_messages` (`thread_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `offline_messages_thread` ON `offline_messages` (`thread_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `offline_threads` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`conversation_id` text,
	`visitor_id` text,
	`name` text DEFAULT '' NOT NULL,
	`email` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`lang` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`starred` integer DEFAULT false NOT NULL,
	`unread` integer DEFAULT true NOT NULL,
	`preview` text DEFAULT '' NOT NULL,
	`last_author` text DEFAULT 'visitor' NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	`last_message_at` integer NOT NULL,
	`reply_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offline_threads_conversation` ON `offline_threads` (`conversation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `offline_threads_reply_key` ON `offline_threads` (`reply_key`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_last` ON `offline_threads` (`workspace_id`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_starred` ON `offline_threads` (`workspace_id`,`starred`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_unread` ON `offline_threads` (`workspace_id`,`unread`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_interface` ON `offline_threads` (`workspace_id`,`interface_id`,`last_message_at`);--> statement-breakpoint
ALTER TABLE `emails` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `emails` ADD `headers` text;