CREATE TABLE `bulk_intake_items` (
	`intake_id` text NOT NULL,
	`item_no` integer NOT NULL,
	`masked_code` text NOT NULL,
	`outcome` text NOT NULL,
	`redemption_id` text,
	`scanned_at` text NOT NULL,
	PRIMARY KEY(`intake_id`, `item_no`),
	FOREIGN KEY (`intake_id`) REFERENCES `bulk_intakes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bulk_intakes` (
	`id` text PRIMARY KEY NOT NULL,
	`initiative_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`business_day` text NOT NULL,
	`accepted_count` integer DEFAULT 0 NOT NULL,
	`rejected_count` integer DEFAULT 0 NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `day_closes` (
	`business_day` text PRIMARY KEY NOT NULL,
	`z_number` integer NOT NULL,
	`sealed_at` text NOT NULL,
	`sealed_by` text NOT NULL,
	`report` text NOT NULL,
	`outbox_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `day_closes_z_number_unique` ON `day_closes` (`z_number`);--> statement-breakpoint
CREATE TABLE `donation_parts` (
	`redemption_id` text NOT NULL,
	`part_no` integer NOT NULL,
	`initiative_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`redemption_id`, `part_no`),
	FOREIGN KEY (`redemption_id`) REFERENCES `redemptions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `donation_parts_initiative` ON `donation_parts` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`masked_code` text NOT NULL,
	`district_code` text,
	`value_cents` integer NOT NULL,
	`staff_id` text NOT NULL,
	`created_at` text NOT NULL,
	`business_day` text NOT NULL,
	`intake_id` text,
	`needs_confirmation` integer DEFAULT false NOT NULL,
	`reversed_at` text,
	`outbox_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `redemptions_live_voucher` ON `redemptions` (`round_id`,`code_hash`) WHERE reversed_at IS NULL;--> statement-breakpoint
CREATE INDEX `redemptions_day_staff` ON `redemptions` (`business_day`,`staff_id`);--> statement-breakpoint
CREATE TABLE `reversals` (
	`id` text PRIMARY KEY NOT NULL,
	`redemption_id` text NOT NULL,
	`reason` text NOT NULL,
	`staff_id` text NOT NULL,
	`approved_by` text NOT NULL,
	`created_at` text NOT NULL,
	`business_day` text NOT NULL,
	`outbox_seq` integer NOT NULL,
	FOREIGN KEY (`redemption_id`) REFERENCES `redemptions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reversals_redemption_id_unique` ON `reversals` (`redemption_id`);--> statement-breakpoint
CREATE TABLE `vouchers_used_elsewhere` (
	`round_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` text NOT NULL,
	`channel` text NOT NULL,
	`as_of` text NOT NULL,
	PRIMARY KEY(`round_id`, `code_hash`)
);
--> statement-breakpoint
DROP INDEX `outbox_unacked`;--> statement-breakpoint
CREATE INDEX `outbox_unsent` ON `outbox` (`seq`) WHERE acked_at IS NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `registry_as_of` text;--> statement-breakpoint
ALTER TABLE `voucher_registry` ADD `buurt_code` text;