// Cisco Global Threat Alerts (CTA) simulator module.
//
// API routes (one origin serves the token endpoint and the API):
//   POST   /iroh/oauth2/token                                       Basic client id/password, grant_type=client_credentials
//   GET    /alert-management/customer/{customerId}/alerts           size, after, before, sort, triggeredAfter, modifiedAfter
//   POST   /alert-management/customer/{customerId}/alerts/search    {"filter":{"alertIds":[…≤1000]}}
//   GET    /alert-management/customer/{customerId}/alerts/{id}
//   PATCH  /alert-management/customer/{customerId}/alerts/{id}/status  {"status":{"value":"Open"}}
//   PATCH  /alert-management/customer/{customerId}/alerts/{id}/note    {"note":"…"}
//   DELETE /alert-management/customer/{customerId}/alerts/{id}/note
//   POST   /alert-management/customer/{customerId}/enriched-threat-detections-with-alert-ids/search
//   GET    /threat-detection/customer/{customerId}/threat-detections
//   GET    /threat-detection/customer/{customerId}/enriched-events-with-threat-detection-ids
//   GET    /event-detection/customer/{customerId}/events
//   POST   /event-detection/customer/{customerId}/events/search
//   POST   /event-detection/customer/{customerId}/flows/search
//
// Control routes (/_sandbox/cta/...):
//   GET  /state | /                     summary: counts, last sequence number, tokens, clients, options
//   GET  /tokens                        {issued, active, lifetimeSeconds, advertisedExpiresIn}
//   POST /tokens/expire                 every issued token expires now
//   POST /tokens/lifetime               {seconds, advertisedExpiresIn?}   (PUT also accepted)
//   GET  /clients | POST /clients {clientId, clientPassword, customerId?} | DELETE /clients/{clientId}
//   POST /alerts      {count?|alerts?:[{risk,status,closingReasons,note,title,threatCategory,etaFlag,triggeredAt}],
//                      triggeredAt?, spreadMs?, detectionsPerAlert?=1, eventsPerDetection?=3, flowsPerEvent?=2,
//                      visibleAfterMs?, customerId?}
//   POST /detections  {count?, alertId?|alertIds?, eventsPerDetection?, flowsPerEvent?, timestamp?, spreadMs?, risk?, visibleAfterMs?}
//   POST /events      {count?, threatDetectionId?, flowsPerEvent?, timestamp?, spreadMs?, assetIp?, visibleAfterMs?}
//   POST /flows       {eventId, count?, timeStamp?, spreadMs?, visibleAfterMs?}
//   POST /alerts/update      {ids?|count?, set?:{risk,status,closingReasons,etaFlag,note,title}}
//   POST /detections/update  {ids?|count?, set?:{risk,confidence,title}}
//   POST /events/update      {ids?|count?, set?:{title}, addFlows?}
//   POST /alerts/remove      {ids?|count? (oldest first)|olderThanDays?}
//   POST /detections/remove  {ids?|count?}   (time-out: alerts left without detections disappear)
//   POST /recalculate        {alertIds?}      wipes notes of New alerts
//   GET  /alerts | /detections | /events | /flows   ?limit&offset&customerId   raw id listings
//   GET  /objects/{id}                       raw record incl. sequence number and visibility

import type { SandboxContext, SandboxRequest, VendorModule } from '../types.mts';
import { handle, routeLabel } from './api.mts';
import { control } from './control.mts';
import { CtaState } from './state.mts';

export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_PASSWORD, DEFAULT_CUSTOMER_ID } from './state.mts';

export function createCta(ctx: SandboxContext, options: Record<string, unknown> = {}): VendorModule & { state: CtaState } {
	const state = new CtaState(ctx);
	state.reset(options);
	return {
		name: 'cta',
		state,
		handle: (req: SandboxRequest) => handle(state, req),
		control: (subPath: string, req: SandboxRequest) => control(state, subPath, req),
		routeLabel: (req: SandboxRequest) => routeLabel(req),
		reset: (opts: Record<string, unknown>) => state.reset(opts),
	};
}
