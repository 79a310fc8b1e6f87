CREATE TABLE `metric_rebuild_daily` (
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`day` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`contacts` integer DEFAULT 0 NOT NULL,
	`takeovers` integer DEFAULT 0 NOT NULL,
	`live_chats` integer DEFAULT 0 NOT NULL,
	`video_chats` integer DEFAULT 0 NOT NULL,
	`calls_held` integer DEFAULT 0 NOT NULL,
	`offline_messages` integer DEFAULT 0 NOT NULL,
	`appointments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `interface_id`)
);
