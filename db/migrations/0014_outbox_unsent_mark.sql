-- The outbox's unsent events are found from a mark instead of a partial index (one page fewer per event):
-- every event below sync_state.outboxUnsentFrom is acknowledged. Start it at the first unsent event.
DROP INDEX `outbox_unsent`;
--> statement-breakpoint
INSERT INTO `sync_state` (`key`, `value`)
VALUES ('outboxUnsentFrom', CAST((SELECT coalesce(min(`seq`), (SELECT coalesce(max(`seq`), 0) + 1 FROM `outbox`)) FROM `outbox` WHERE `acked_at` IS NULL) AS TEXT))
ON CONFLICT (`key`) DO UPDATE SET `value` = excluded.`value`;
