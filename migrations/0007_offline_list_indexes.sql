DROP INDEX `offline_threads_workspace_starred`;--> statement-breakpoint
DROP INDEX `offline_threads_workspace_unread`;--> statement-breakpoint
DROP INDEX `offline_threads_workspace_interface`;--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_status` ON `offline_threads` (`workspace_id`,`status`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_starred` ON `offline_threads` (`workspace_id`,`starred`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_unread` ON `offline_threads` (`workspace_id`,`unread`,`last_message_at`,`id`);--> statement-breakpoint
CREATE INDEX `offline_threads_workspace_interface` ON `offline_threads` (`workspace_id`,`interface_id`,`last_message_at`,`id`);