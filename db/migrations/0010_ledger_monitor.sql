CREATE TABLE `ledger_monitor` (
	`id` integer PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`fetched_at` text NOT NULL,
	`json` text NOT NULL
);
