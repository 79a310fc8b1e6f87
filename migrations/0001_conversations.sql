CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calls_conversation` ON `calls` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `chat_interfaces` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`allowed_origins` text NOT NULL,
	`identity_secret` text NOT NULL,
	`signing_key` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `chat_interfaces_workspace` ON `chat_interfaces` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text,
	`interface_id` text,
	`name` text,
	`email` text,
	`phone` text,
	`company` text,
	`job_title` text,
	`website` text,
	`address` text,
	`city` text,
	`country` text,
	`custom_fields` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_visitor` ON `contacts` (`workspace_id`,`visitor_id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_created` ON `contacts` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`status` text NOT NULL,
	`request_kind` text,
	`assignee_id` text,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`last_message_at` integer,
	`last_message_preview` text,
	`requested_at` integer,
	`started_at` integer,
	`closed_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversations_workspace` ON `conversations` (`workspace_id`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_visitor` ON `conversations` (`visitor_id`);--> statement-breakpoint
CREATE TABLE `message_index` (
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_index_pk` ON `message_index` (`conversation_id`,`seq`);--> statement-breakpoint
CREATE INDEX `message_index_workspace` ON `message_index` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_visitor` ON `notes` (`workspace_id`,`visitor_id`);--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`number` integer NOT NULL,
	`external_id` text,
	`name` text,
	`email` text,
	`phone` text,
	`context` text,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visitors_workspace` ON `visitors` (`workspace_id`,`last_seen_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_external` ON `visitors` (`interface_id`,`external_id`);