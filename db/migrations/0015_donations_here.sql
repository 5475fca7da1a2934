-- How many live donations this device made to each initiative, kept on the initiative's row by the donation and
-- the reversal: since 0013 a donation's split lives in its own row, and counting by initiative would read them all.
ALTER TABLE `initiatives` ADD `donations_here` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `initiatives` SET `donations_here` = (
	SELECT count(*) FROM `donation_parts` p JOIN `redemptions` r ON r.`id` = p.`redemption_id`
	WHERE p.`initiative_id` = `initiatives`.`id` AND r.`reversed_at` IS NULL
);
