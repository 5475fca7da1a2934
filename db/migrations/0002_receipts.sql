CREATE TABLE `print_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`receipt_no` integer NOT NULL,
	`copy` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`output` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`receipt_no`) REFERENCES `receipts`(`receipt_no`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `print_jobs_open` ON `print_jobs` (`status`) WHERE status <> 'done';--> statement-breakpoint
CREATE TABLE `receipts` (
	`receipt_no` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`doc` text NOT NULL,
	`copies` integer DEFAULT 0 NOT NULL,
	`issued_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_kind_ref` ON `receipts` (`kind`,`ref_id`);