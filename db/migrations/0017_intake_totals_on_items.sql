-- An intake's running record moves onto its items (docs/benchmarks.md, issue #14): each scan wrote its item and
-- updated the intake's row, two pages; now the item carries the totals up to and including itself, and the last
-- item's are the intake's. Every stored item gets its totals from the items before it (an accepted item counts the
-- value of its donation), then the intake's own counters go.
ALTER TABLE `bulk_intake_items` ADD `accepted_so_far` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_intake_items` ADD `rejected_so_far` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_intake_items` ADD `cents_so_far` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `bulk_intake_items` SET `accepted_so_far` = w.`a`, `rejected_so_far` = w.`r`, `cents_so_far` = w.`c`
FROM (
	SELECT i.`intake_id`, i.`item_no`,
		sum(i.`outcome` = 'accepted') OVER running AS `a`,
		sum(i.`outcome` <> 'accepted') OVER running AS `r`,
		sum(CASE WHEN i.`outcome` = 'accepted' THEN coalesce(d.`value_cents`, 0) ELSE 0 END) OVER running AS `c`
	FROM `bulk_intake_items` i LEFT JOIN `redemptions` d ON d.`id` = i.`redemption_id`
	WINDOW running AS (PARTITION BY i.`intake_id` ORDER BY i.`item_no`)
) AS w
WHERE w.`intake_id` = `bulk_intake_items`.`intake_id` AND w.`item_no` = `bulk_intake_items`.`item_no`;--> statement-breakpoint
ALTER TABLE `bulk_intakes` DROP COLUMN `accepted_count`;--> statement-breakpoint
ALTER TABLE `bulk_intakes` DROP COLUMN `rejected_count`;--> statement-breakpoint
ALTER TABLE `bulk_intakes` DROP COLUMN `total_cents`;
