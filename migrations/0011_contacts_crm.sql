CREATE TABLE `contact_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`data` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_events_contact` ON `contact_events` (`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `contact_visitors` (
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_visitors_pk` ON `contact_visitors` (`workspace_id`,`visitor_id`);--> statement-breakpoint
CREATE INDEX `contact_visitors_contact` ON `contact_visitors` (`contact_id`);--> statement-breakpoint
CREATE TABLE `crm_records` (
	`workspace_id` text NOT NULL,
	`integration_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`remote_id` text,
	`status` text NOT NULL,
	`last_error` text,
	`synced_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_records_pk` ON `crm_records` (`integration_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `crm_records_contact` ON `crm_records` (`contact_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`target_id` text NOT NULL,
	`target_kind` text NOT NULL,
	`event` text NOT NULL,
	`event_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`response_code` integer,
	`duration_ms` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_event` ON `deliveries` (`target_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `deliveries_target` ON `deliveries` (`target_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`erased_by` text NOT NULL,
	`report` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `erasures_workspace` ON `erasures` (`workspace_id`,`at`);--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`provider` text NOT NULL,
	`secret_enc` text NOT NULL,
	`mapping` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`sync_total` integer DEFAULT 0 NOT NULL,
	`sync_done` integer DEFAULT 0 NOT NULL,
	`sync_failed` integer DEFAULT 0 NOT NULL,
	`sync_started_at` integer,
	`sync_finished_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_provider` ON `integrations` (`workspace_id`,`provider`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret_enc` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`paused_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_workspace` ON `webhook_endpoints` (`workspace_id`);--> statement-breakpoint
DROP INDEX `contacts_workspace_created`;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_activity_at` integer;--> statement-breakpoint
CREATE INDEX `contacts_workspace_email` ON `contacts` (`workspace_id`,`email`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_activity` ON `contacts` (`workspace_id`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_created` ON `contacts` (`workspace_id`,`created_at`,`id`);--> statement-breakpoint
INSERT OR IGNORE INTO `contact_visitors` (`workspace_id`, `contact_id`, `visitor_id`, `created_at`) SELECT `workspace_id`, `id`, `visitor_id`, `created_at` FROM `contacts` WHERE `visitor_id` IS NOT NULL;--> statement-breakpoint
UPDATE `contacts` SET `last_activity_at` = `updated_at` WHERE `last_activity_at` IS NULL;
