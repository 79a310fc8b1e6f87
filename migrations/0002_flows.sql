CREATE TABLE `flow_versions` (
	`interface_id` text NOT NULL,
	`version` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`definition` text NOT NULL,
	`published_by` text,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flow_versions_pk` ON `flow_versions` (`interface_id`,`version`);--> statement-breakpoint
ALTER TABLE `chat_interfaces` ADD `draft_flow` text;--> statement-breakpoint
ALTER TABLE `chat_interfaces` ADD `draft_updated_at` integer;--> statement-breakpoint
ALTER TABLE `chat_interfaces` ADD `published_version` integer;--> statement-breakpoint
ALTER TABLE `visitors` ADD `custom_fields` text;