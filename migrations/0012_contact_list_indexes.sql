DROP INDEX `contacts_workspace_email`;--> statement-breakpoint
CREATE INDEX `contacts_workspace_name` ON `contacts` (`workspace_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_phone` ON `contacts` (`workspace_id`,`phone`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_company` ON `contacts` (`workspace_id`,`company`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_interface` ON `contacts` (`workspace_id`,`interface_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_converter` ON `contacts` (`workspace_id`,`created_by`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_workspace_email` ON `contacts` (`workspace_id`,`email`,`id`);--> statement-breakpoint
CREATE INDEX `appointments_visitor` ON `appointments` (`visitor_id`);--> statement-breakpoint
CREATE INDEX `appointments_workspace_email` ON `appointments` (`workspace_id`,`email`);--> statement-breakpoint
CREATE INDEX `offline_threads_visitor` ON `offline_threads` (`visitor_id`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_email` ON `offline_threads` (`workspace_id`,`email`);