CREATE TABLE `metric_daily` (
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
--> statement-breakpoint
CREATE TABLE `metric_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`interface_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`visitor_id` text,
	`day` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metric_events_id` ON `metric_events` (`id`);--> statement-breakpoint
CREATE INDEX `metric_events_workspace_seq` ON `metric_events` (`workspace_id`,`seq`);--> statement-breakpoint
CREATE INDEX `metric_events_visitor_day` ON `metric_events` (`workspace_id`,`interface_id`,`day`,`visitor_id`) WHERE kind = 'visitor_seen';--> statement-breakpoint
CREATE TABLE `metric_rebuilds` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL,
	`status` text NOT NULL,
	`run_id` text NOT NULL,
	`cutoff_seq` integer NOT NULL,
	`done_seq` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `metric_zones` (
	`workspace_id` text NOT NULL,
	`from_ms` integer NOT NULL,
	`offset_ms` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `from_ms`)
);
--> statement-breakpoint
-- Each new event gets its day in the workspace's zone (the last clock change at or before it,
-- none: UTC) and is added to that day's sums at once, in the insert's own statement: an event
-- is counted exactly when it is stored. A visitor counts once per day and interface.
CREATE TRIGGER `metric_events_roll_up` AFTER INSERT ON `metric_events` BEGIN
	UPDATE `metric_events`
	SET `day` = strftime('%Y-%m-%d', (NEW.`at` + coalesce((
		SELECT z.`offset_ms` FROM `metric_zones` z
		WHERE z.`workspace_id` = NEW.`workspace_id` AND z.`from_ms` <= NEW.`at`
		ORDER BY z.`from_ms` DESC LIMIT 1
	), 0)) / 1000, 'unixepoch')
	WHERE `seq` = NEW.`seq`;
	INSERT INTO `metric_daily` (`workspace_id`, `interface_id`, `day`, `visitors`, `contacts`, `takeovers`, `live_chats`, `video_chats`, `calls_held`, `offline_messages`, `appointments`)
	SELECT e.`workspace_id`, e.`interface_id`, e.`day`,
		e.`kind` = 'visitor_seen' AND NOT EXISTS (
			SELECT 1 FROM `metric_events` o
			WHERE o.`workspace_id` = e.`workspace_id` AND o.`interface_id` = e.`interface_id` AND o.`day` = e.`day`
				AND o.`visitor_id` = e.`visitor_id` AND o.`kind` = 'visitor_seen' AND o.`seq` <> e.`seq`
		),
		e.`kind` = 'contact_converted', e.`kind` = 'takeover', e.`kind` = 'live_accepted', e.`kind` = 'video_accepted',
		e.`kind` = 'call_held', e.`kind` = 'offline_message', e.`kind` = 'appointment_booked'
	FROM `metric_events` e
	WHERE e.`seq` = NEW.`seq`
	ON CONFLICT (`workspace_id`, `day`, `interface_id`) DO UPDATE SET
		`visitors` = `visitors` + excluded.`visitors`,
		`contacts` = `contacts` + excluded.`contacts`,
		`takeovers` = `takeovers` + excluded.`takeovers`,
		`live_chats` = `live_chats` + excluded.`live_chats`,
		`video_chats` = `video_chats` + excluded.`video_chats`,
		`calls_held` = `calls_held` + excluded.`calls_held`,
		`offline_messages` = `offline_messages` + excluded.`offline_messages`,
		`appointments` = `appointments` + excluded.`appointments`;
END;
