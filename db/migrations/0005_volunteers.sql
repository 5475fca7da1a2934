CREATE TABLE `volunteers` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`contact` text NOT NULL,
	`offer` text NOT NULL,
	`quantity` integer,
	`availability` text NOT NULL,
	`consent_at` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`erased_at` text,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteers_initiative` ON `volunteers` (`initiative_id`);--> statement-breakpoint
ALTER TABLE `initiatives` ADD `volunteers_needed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `volunteer_tasks` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `materials_wanted` text DEFAULT '' NOT NULL;