-- A donation as one row (docs/benchmarks.md, issue #14): the split moves into redemptions.parts (JSON), the table
-- becomes WITHOUT ROWID (the id is its key; no separate id index) and donation_parts becomes a view over it.
-- Runs inside the migrator's transaction with foreign keys on, so no row is ever left without its parent:
-- reversals is rebuilt pointing at the new table first, and the old tables are dropped only once nothing
-- refers to them; renaming redemptions_new then rewrites reversals' reference to the final name.
CREATE TABLE `redemptions_new` (
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
	`outbox_seq` integer NOT NULL,
	`ledger_state` text,
	`parts` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `redemptions_new`
SELECT r.`id`, r.`round_id`, r.`code_hash`, r.`masked_code`, r.`district_code`, r.`value_cents`, r.`staff_id`, r.`created_at`,
	r.`business_day`, r.`intake_id`, r.`needs_confirmation`, r.`reversed_at`, r.`outbox_seq`, r.`ledger_state`,
	coalesce(
		(SELECT json_group_array(json_object('initiativeId', p.`initiative_id`, 'amountCents', p.`amount_cents`) ORDER BY p.`part_no`)
		FROM `donation_parts` p WHERE p.`redemption_id` = r.`id`),
		'[]')
FROM `redemptions` r;
--> statement-breakpoint
CREATE TABLE `reversals_new` (
	`id` text PRIMARY KEY NOT NULL,
	`redemption_id` text NOT NULL,
	`reason` text NOT NULL,
	`staff_id` text NOT NULL,
	`approved_by` text NOT NULL,
	`created_at` text NOT NULL,
	`business_day` text NOT NULL,
	`outbox_seq` integer NOT NULL,
	FOREIGN KEY (`redemption_id`) REFERENCES `redemptions_new`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `reversals_new` SELECT `id`, `redemption_id`, `reason`, `staff_id`, `approved_by`, `created_at`, `business_day`, `outbox_seq` FROM `reversals`;
--> statement-breakpoint
DROP TABLE `reversals`;
--> statement-breakpoint
DROP TABLE `donation_parts`;
--> statement-breakpoint
DROP TABLE `redemptions`;
--> statement-breakpoint
ALTER TABLE `redemptions_new` RENAME TO `redemptions`;
--> statement-breakpoint
ALTER TABLE `reversals_new` RENAME TO `reversals`;
--> statement-breakpoint
CREATE UNIQUE INDEX `redemptions_live_voucher` ON `redemptions` (`round_id`,`code_hash`) WHERE reversed_at IS NULL;
--> statement-breakpoint
CREATE INDEX `redemptions_day_staff` ON `redemptions` (`business_day`,`staff_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `reversals_redemption_id_unique` ON `reversals` (`redemption_id`);
--> statement-breakpoint
CREATE VIEW `donation_parts` AS
SELECT r.`id` AS `redemption_id`, p.`key` + 1 AS `part_no`,
	json_extract(p.`value`, '$.initiativeId') AS `initiative_id`, json_extract(p.`value`, '$.amountCents') AS `amount_cents`
FROM `redemptions` r, json_each(r.`parts`) p;
--> statement-breakpoint
-- A bulk intake's items keyed by their primary key alone (WITHOUT ROWID): one page per scanned code instead of two.
CREATE TABLE `bulk_intake_items_new` (
	`intake_id` text NOT NULL,
	`item_no` integer NOT NULL,
	`masked_code` text NOT NULL,
	`outcome` text NOT NULL,
	`redemption_id` text,
	`scanned_at` text NOT NULL,
	PRIMARY KEY(`intake_id`, `item_no`),
	FOREIGN KEY (`intake_id`) REFERENCES `bulk_intakes`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `bulk_intake_items_new` SELECT `intake_id`, `item_no`, `masked_code`, `outcome`, `redemption_id`, `scanned_at` FROM `bulk_intake_items`;
--> statement-breakpoint
DROP TABLE `bulk_intake_items`;
--> statement-breakpoint
ALTER TABLE `bulk_intake_items_new` RENAME TO `bulk_intake_items`;
