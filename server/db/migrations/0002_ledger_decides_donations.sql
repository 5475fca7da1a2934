CREATE TABLE "refusal_counts" (
	"day" text NOT NULL,
	"code" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"last_digest" text,
	CONSTRAINT "refusal_counts_day_code_pk" PRIMARY KEY("day","code")
);
--> statement-breakpoint
CREATE TABLE "withheld_events" (
	"tenant_id" text NOT NULL,
	"device_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withheld_events_device_id_seq_pk" PRIMARY KEY("device_id","seq")
);
--> statement-breakpoint
DROP INDEX "donations_one_counted_per_voucher";--> statement-breakpoint
DROP INDEX "events_event_id";--> statement-breakpoint
ALTER TABLE "donations" ALTER COLUMN "district_code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "buurt_code" text;--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD COLUMN "for_device_id" uuid;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "source" text;--> statement-breakpoint
CREATE UNIQUE INDEX "donations_one_holding_per_voucher" ON "donations" USING btree ("tenant_id","round_id","code_hash") WHERE state in ('counted', 'pending');--> statement-breakpoint
CREATE INDEX "donations_pending" ON "donations" USING btree ("tenant_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "events_tenant_event_id" ON "events" USING btree ("tenant_id","event_id");