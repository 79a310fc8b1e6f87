CREATE INDEX `conversations_workspace_activity` ON `conversations` (`workspace_id`, coalesce(`last_message_at`, `created_at`));
