-- A day's donations found without an index on business_day (docs/benchmarks.md, issue #14): every donation wrote
-- that index, about 1.4 of its 7 pages. donation_days holds each business day's smallest redemption id; a day's
-- donations are the key range of redemptions from there, filtered by day. Filled here from what is stored.
CREATE TABLE `donation_days` (
	`business_day` text PRIMARY KEY NOT NULL,
	`first_id` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `donation_days` (`business_day`, `first_id`)
SELECT `business_day`, min(`id`) FROM `redemptions` GROUP BY `business_day`;
--> statement-breakpoint
DROP INDEX `redemptions_day_staff`;
