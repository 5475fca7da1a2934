CREATE TABLE `initiative_assessments` (
	`initiative_id` text PRIMARY KEY NOT NULL,
	`assessment` text NOT NULL,
	`staff_id` text NOT NULL,
	`updated_at` text NOT NULL,
	`outbox_seq` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
