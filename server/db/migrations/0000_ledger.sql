CREATE TABLE "addresses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"postcode" text NOT NULL,
	"house_number" integer NOT NULL,
	"addition" text DEFAULT '' NOT NULL,
	"street" text NOT NULL,
	"buurt_code" text,
	"district_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb NOT NULL,
	"ok" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"tenant_id" text NOT NULL,
	"id" bigint NOT NULL,
	"device_id" uuid,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"service_point" text NOT NULL,
	"public_key" text NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"next_seq" bigint DEFAULT 1 NOT NULL,
	"last_hash" text NOT NULL,
	"last_seen_at" timestamp with time zone,
	"clock_skew_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "districts_tenant_id_code_pk" PRIMARY KEY("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "donation_parts" (
	"redemption_id" uuid NOT NULL,
	"part_no" integer NOT NULL,
	"initiative_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	CONSTRAINT "donation_parts_redemption_id_part_no_pk" PRIMARY KEY("redemption_id","part_no")
);
--> statement-breakpoint
CREATE TABLE "donations" (
	"tenant_id" text NOT NULL,
	"redemption_id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid,
	"seq" bigint,
	"channel" text NOT NULL,
	"round_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"district_code" text NOT NULL,
	"value_cents" integer NOT NULL,
	"state" text NOT NULL,
	"counted_redemption_id" uuid,
	"device_time" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"settled_at" timestamp with time zone,
	"settled_by" text,
	"settlement_note" text
);
--> statement-breakpoint
CREATE TABLE "enrolment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"device_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"device_id" uuid
);
--> statement-breakpoint
CREATE TABLE "events" (
	"tenant_id" text NOT NULL,
	"device_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"staff_id" text,
	"device_time" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"via" text NOT NULL,
	CONSTRAINT "events_device_id_seq_pk" PRIMARY KEY("device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"tenant_id" text NOT NULL,
	"id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"district_code" text NOT NULL,
	"theme" text NOT NULL,
	"status" text NOT NULL,
	"target_cents" integer NOT NULL,
	"collected_cents" bigint DEFAULT 0 NOT NULL,
	"donations" integer DEFAULT 0 NOT NULL,
	"deadline" text,
	"volunteers_needed" integer DEFAULT 0 NOT NULL,
	"volunteer_tasks" text DEFAULT '' NOT NULL,
	"materials_wanted" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiatives_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"device_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"value_cents" integer NOT NULL,
	"active_from" timestamp with time zone NOT NULL,
	"active_until" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"registry_salt" text NOT NULL,
	CONSTRAINT "rounds_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"tenant_id" text NOT NULL,
	"round_id" text NOT NULL,
	"code" text NOT NULL,
	"code_hash" text NOT NULL,
	"address_id" bigint NOT NULL,
	"district_code" text NOT NULL,
	"buurt_code" text,
	CONSTRAINT "vouchers_tenant_id_round_id_code_hash_pk" PRIMARY KEY("tenant_id","round_id","code_hash")
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD CONSTRAINT "enrolment_codes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_unique" ON "addresses" USING btree ("tenant_id","postcode","house_number","addition");--> statement-breakpoint
CREATE INDEX "devices_tenant" ON "devices" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "donation_parts_initiative" ON "donation_parts" USING btree ("initiative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donations_one_counted_per_voucher" ON "donations" USING btree ("tenant_id","round_id","code_hash") WHERE state = 'counted';--> statement-breakpoint
CREATE INDEX "donations_voucher" ON "donations" USING btree ("tenant_id","round_id","code_hash");--> statement-breakpoint
CREATE INDEX "donations_contested" ON "donations" USING btree ("tenant_id") WHERE state = 'contested';--> statement-breakpoint
CREATE UNIQUE INDEX "events_event_id" ON "events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "events_tenant_type" ON "events" USING btree ("tenant_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "initiatives_number" ON "initiatives" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_address_round" ON "vouchers" USING btree ("tenant_id","round_id","address_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_code" ON "vouchers" USING btree ("code");