-- An accepted scan no longer writes an item row of its own (docs/benchmarks.md, issue #14): it is its redemption, with
-- its number in the scan order (`intake_item_no`), and the intake's live record — scanned, accepted, value — moves onto
-- its initiative's row, which every accepted scan updates anyway. Only refused codes keep an item row.
-- Every intake gets its record from its last item (whose running totals, 0017, are the intake's) onto its own row; no
-- initiative holds a slot yet: an intake left open takes its initiative's slot back at its next scan.
ALTER TABLE `bulk_intakes` ADD `item_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_intakes` ADD `accepted_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_intakes` ADD `total_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_intakes` ADD `first_redemption_id` text;--> statement-breakpoint
ALTER TABLE `bulk_intakes` ADD `last_redemption_id` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `intake_id` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `intake_items` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `intake_accepted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `intake_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `redemptions` ADD `intake_item_no` integer;--> statement-breakpoint
UPDATE `bulk_intakes` SET `item_count` = l.`item_no`, `accepted_count` = l.`accepted_so_far`, `total_cents` = l.`cents_so_far`
FROM (
	SELECT i.`intake_id`, i.`item_no`, i.`accepted_so_far`, i.`cents_so_far` FROM `bulk_intake_items` i
	WHERE i.`item_no` = (SELECT max(m.`item_no`) FROM `bulk_intake_items` m WHERE m.`intake_id` = i.`intake_id`)
) AS l
WHERE l.`intake_id` = `bulk_intakes`.`id`;
