CREATE TABLE `initiative_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` text NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`staff_id` text,
	`note` text,
	`outbox_seq` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_history_initiative` ON `initiative_history` (`initiative_id`);