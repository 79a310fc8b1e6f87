CREATE TABLE `uploads` (
	`key` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `uploads_unsent` ON `uploads` (`sent_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `uploads_conversation` ON `uploads` (`workspace_id`,`conversation_id`);--> statement-breakpoint
ALTER TABLE `visitors` ADD `identity` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `last_visitor_number` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Visitor numbers used to be random: every visitor after the first one holding a number of its
-- workspace gets a new one above the workspace's highest, so the unique index below can hold.
UPDATE `visitors` SET `number` = `renumbered`.`number` FROM (
	SELECT v.`id`, (SELECT MAX(m.`number`) FROM `visitors` m WHERE m.`workspace_id` = v.`workspace_id`)
		+ ROW_NUMBER() OVER (PARTITION BY v.`workspace_id` ORDER BY v.`first_seen_at`, v.`id`) AS `number`
	FROM `visitors` v
	WHERE EXISTS (SELECT 1 FROM `visitors` o WHERE o.`workspace_id` = v.`workspace_id` AND o.`number` = v.`number`
		AND (o.`first_seen_at` < v.`first_seen_at` OR (o.`first_seen_at` = v.`first_seen_at` AND o.`id` < v.`id`)))
) AS `renumbered` WHERE `visitors`.`id` = `renumbered`.`id`;--> statement-breakpoint
-- The counter carries on from the highest number each workspace already shows.
UPDATE `workspaces` SET `last_visitor_number` = COALESCE((SELECT MAX(`number`) FROM `visitors` WHERE `visitors`.`workspace_id` = `workspaces`.`id`), 0);--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_number` ON `visitors` (`workspace_id`,`number`);
