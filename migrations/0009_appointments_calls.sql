CREATE TABLE `appointment_settings` (
	`interface_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`conversation_id` text,
	`visitor_id` text,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`lang` text NOT NULL,
	`visitor_time_zone` text DEFAULT '' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'booked' NOT NULL,
	`call_id` text NOT NULL,
	`booking_key` text NOT NULL,
	`manage_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_slot` ON `appointments` (`interface_id`,`starts_at`) WHERE status = 'booked';--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_booking` ON `appointments` (`interface_id`,`booking_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_manage_key` ON `appointments` (`manage_key`);--> statement-breakpoint
CREATE INDEX `appointments_workspace_starts` ON `appointments` (`workspace_id`,`starts_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversation_id` text,
	`agent_id` text,
	`appointment_id` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`duration_ms` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_calls`("id", "workspace_id", "conversation_id", "agent_id", "created_at", "expires_at") SELECT "id", "workspace_id", "conversation_id", "agent_id", "created_at", "expires_at" FROM `calls`;--> statement-breakpoint
DROP TABLE `calls`;--> statement-breakpoint
ALTER TABLE `__new_calls` RENAME TO `calls`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `calls_conversation` ON `calls` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `calls_workspace_started` ON `calls` (`workspace_id`,`started_at`);