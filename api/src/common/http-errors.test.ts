import { useTestApi } from '../../test/api';

/** The file and feed routes answer malformed paths and parameters as the client's error, never 500. */
const env = useTestApi();

test.each([
  ['/brand/assets/%00/latest/png-256', 400],
  ['/brand/assets/x%00/v/1/png-256', 400],
  ['/brand/assets/logo/v/99999999999999999999/png-256', 404],
  ['/brand/assets/logo/v/-1/master', 400],
  ['/feeds/agenda.ics?text=%00', 400],
  ['/feeds/agenda.ics?text=%1B%5B2J', 400],
  ['/feeds/agenda.rss?text=a&text=b', 200],
  ['/feeds/agenda.ics?category[]=x&epci[a]=1', 200],
  ['/feeds/agenda.atom?from=99999-01-01', 200],
  ['/feeds/agenda.ics?from=-271821-04-20', 400],
  ['/feeds/events/%00.ics', 404],
  ['/media/%00.jpg', 404],
  ['/media/private/%00', 403],
])('%s answers %i', async (path, status) => {
  const response = await fetch(`${env.api.url}${path}`);
  expect(response.status).toBe(status);
});
