CREATE TABLE `audit_trail` (
	`seq` integer PRIMARY KEY NOT NULL,
	`chain` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_role` text,
	`action` text NOT NULL,
	`subject` text,
	`detail` text NOT NULL,
	`ok` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `audit_trail_no_update` BEFORE UPDATE ON `audit_trail` BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_trail_no_delete` BEFORE DELETE ON `audit_trail` BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
