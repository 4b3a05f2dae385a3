"""Background work of Broadcast: fan-outs (chunked, idempotent, resumable), reminders, alias re-normalisation."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="alerts.fan_out", acks_late=True)
def fan_out(fanout_id: int) -> dict[str, Any]:
    """Work out targets, responses and deliveries (once), then queue the emails still to send, in chunks."""
    from carecyber.alerts.services.fanout import fan_out_finish_if_done, fan_out_prepare, pending_chunks

    fanout = fan_out_prepare(fanout_id)
    chunks = pending_chunks(fanout)
    if not chunks:
        fan_out_finish_if_done(fanout)
    for first_id, last_id in chunks:
        send_deliveries.delay(fanout_id, first_id, last_id)
    return {"fanout": fanout_id, "targeted": fanout.targeted, "chunks": len(chunks)}


@shared_task(name="alerts.send_deliveries", acks_late=True)
def send_deliveries(fanout_id: int, first_id: int, last_id: int) -> int:
    from carecyber.alerts.services.fanout import deliveries_send

    return deliveries_send(fanout_id, first_id, last_id)


@shared_task(name="alerts.fan_out_sweep")
def fan_out_sweep(stale_seconds: int = 120) -> list[int]:
    """Carry on any fan-out whose worker stopped (its heartbeat is older than `stale_seconds`)."""
    from carecyber.alerts.services.fanout import fan_out_sweep as find_stale

    stale = find_stale(stale_seconds=stale_seconds)
    for fanout_id in stale:
        fan_out.delay(fanout_id)
    return stale


@shared_task(name="alerts.remind_and_escalate")
def remind_and_escalate() -> dict[str, int]:
    from carecyber.alerts.services.reminders import reminders_run

    return reminders_run()


@shared_task(name="alerts.renormalise_assets")
def renormalise_assets(tokens: list[str]) -> int:
    from carecyber.alerts.services.aliases import assets_renormalise

    return assets_renormalise(tokens)
