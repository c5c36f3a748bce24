import type { APIRoute } from 'astro';
import { getMapData, getTerritory } from '../../lib/api';
import { keptBeside } from '../../lib/territory-map';
import { widgetMap } from '../../widget/map-data';
import { notModified, publicFileHeaders } from '../../widget/serve';

export const prerender = false;

/** The widget's map: the communes' outlines (of one EPCI with ?epci=), drawn by the widget itself; no tile server. */
export const GET: APIRoute = async ({ request, url }) => {
  const epci = url.searchParams.get('epci') ?? '';
  if (epci && !/^\d{9}$/.test(epci)) {
    return new Response(JSON.stringify({ errors: [{ message: 'epci must be a SIREN.', extensions: { code: 'BAD_USER_INPUT' } }] }), {
      status: 400,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
    });
  }
  const [data, territory] = await Promise.all([getMapData(), getTerritory()]);
  if (epci && !data.epcis.some((candidate) => candidate.siren === epci)) {
    return new Response(JSON.stringify({ errors: [{ message: 'No such EPCI in the territory.', extensions: { code: 'NOT_FOUND' } }] }), {
      status: 404,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
    });
  }
  // Serialised once per scope, kept beside the boundaries it was drawn from (lib/territory-map.ts).
  const body = keptBeside(data, `widget\u0000${epci}\u0000${territory.boundariesCredit}`, () => JSON.stringify(widgetMap(data, territory.boundariesCredit, epci || undefined)));
  const headers = publicFileHeaders(body, 'application/json');
  if (notModified(request, headers)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
};
