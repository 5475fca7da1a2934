CREATE TABLE "budget_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"district_code" text NOT NULL,
	"to_district_code" text,
	"amount_cents" bigint NOT NULL,
	"initiative_id" uuid,
	"payment_reference" text,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"device_id" uuid,
	"seq" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "initiatives" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "budget_entries" ADD CONSTRAINT "budget_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_entries_tenant_year" ON "budget_entries" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_entries_payment_reference" ON "budget_entries" USING btree ("tenant_id","payment_reference") WHERE payment_reference is not null;--> statement-breakpoint
-- Initiatives approved before this migration draw on the year they were registered in.
UPDATE "initiatives" SET "approved_at" = "created_at"
  WHERE ("status" IN ('spaarfase', 'streefbedrag_behaald', 'in_uitvoering', 'uitgevoerd', 'niet_geslaagd')
         OR ("status" = 'ingetrokken' AND "collected_cents" > 0))
    AND "approved_at" IS NULL;--> statement-breakpoint
-- A budget set before the account existed becomes this year's reservation, so nothing is lost.
INSERT INTO "budget_entries" ("tenant_id", "kind", "year", "district_code", "amount_cents", "reason", "actor")
  SELECT "tenant_id", 'reservation', extract(year from now() at time zone 'Europe/Amsterdam')::integer, "code", "budget_cents",
         'Budget van vóór het budgetoverzicht', 'migration'
  FROM "districts" WHERE "budget_cents" <> 0;
