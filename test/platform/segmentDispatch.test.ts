import express, { Router } from 'express';
import request from 'supertest';
import { routersBySegment } from '../../server/http/segmentDispatch';

/**
 * Routers reached through one dispatcher by their first path segment (server/http/segmentDispatch.ts)
 * answer exactly as the same routers mounted one after another: the first that matches, in
 * mounting order, whatever the case of the segment; a router at `/` with a parameter route or a
 * middleware of its own sees every request; an address whose first segment is not a plain name
 * walks every router.
 */
function routers() {
  const seen: string[] = [];
  const reports = Router();
  reports.get('/:name', (req, res) => void res.json({ by: 'reports', name: req.params.name, base: req.baseUrl }));
  const meta = Router();
  meta.get('/meta', (_req, res) => void res.json({ by: 'meta' }));
  // a prefix router that is also a resource name: it answers first what it has
  const submissions = Router();
  submissions.get('/status', (_req, res) => void res.json({ by: 'submissions' }));
  const watching = Router();
  watching.use((req, _res, next) => {
    seen.push(req.url);
    next();
  });
  const history = Router();
  history.get('/:resource/:id/history', (req, res) => void res.json({ by: 'history', id: req.params.id }));
  const resources = Router();
  resources.get('/:resource', (req, res) => void res.json({ by: 'resources', resource: req.params.resource, base: req.baseUrl }));
  resources.get('/:resource/:id', (req, res) => void res.json({ by: 'resources', id: req.params.id }));
  const entries = [
    { path: '/', router: meta },
    { path: '/reports', router: reports },
    { path: '/report_submissions', router: submissions },
    { path: '/', router: history },
    { path: '/', router: watching },
    { path: '/', router: resources },
  ];
  return { entries, seen };
}

function appsOf() {
  const build = (mountAll: (api: Router, entries: ReturnType<typeof routers>['entries']) => void) => {
    const { entries, seen } = routers();
    const api = Router();
    mountAll(api, entries);
    api.use((_req, res) => void res.status(404).json({ by: 'none' }));
    const app = express();
    app.use('/api', api);
    return { app, seen };
  };
  return {
    walked: build((api, entries) => entries.forEach((e) => api.use(e.path, e.router))),
    dispatched: build((api, entries) => api.use(routersBySegment(entries))),
  };
}

const ADDRESSES = [
  '/api/meta',
  '/api/META/',
  '/api/reports/referral-sources',
  '/api/Reports/x?y=1',
  '/api/reports',
  '/api/reports.json',
  '/api/report_submissions/status',
  '/api/report_submissions/7',
  '/api/report_submissions',
  '/api/placements?sort=%5B%22id%22%5D',
  '/api/placements/12',
  '/api/placements/12/history/x',
  '/api/placements/12/history',
  '/api/placements/12/History/',
  '/api/placements/12/history/',
  '/api/%72eports/x',
  '/api//reports/x',
  '/api/',
  '/api',
];

it('answers every address as the routers mounted in a row do, middleware included', async () => {
  const { walked, dispatched } = appsOf();
  for (const address of ADDRESSES) {
    const [a, b] = [await request(walked.app).get(address), await request(dispatched.app).get(address)];
    expect({ address, status: b.status, body: b.body }).toEqual({ address, status: a.status, body: a.body });
  }
  expect(dispatched.seen).toEqual(walked.seen);
});

it('enters only the routers that can answer the segment', async () => {
  const { entries } = routers();
  const spies = entries.map((entry) => jest.spyOn(entry.router as unknown as { handle: () => void }, 'handle'));
  const entered = () => spies.map((spy) => spy.mock.calls.length);
  const app = express();
  app.use('/api', routersBySegment(entries));
  // meta, reports, submissions, history, watching, resources
  expect((await request(app).get('/api/placements')).body).toEqual({ by: 'resources', resource: 'placements', base: '/api' });
  expect(entered()).toEqual([0, 0, 0, 0, 1, 1]);
  expect((await request(app).get('/api/meta')).body).toEqual({ by: 'meta' });
  expect(entered()).toEqual([1, 0, 0, 0, 1, 1]);
  expect((await request(app).get('/api/placements/3/history')).body).toEqual({ by: 'history', id: '3' });
  expect(entered()).toEqual([1, 0, 0, 1, 1, 1]);
});

it('shows the routers in their order as its stack, for what walks the routes', () => {
  const { entries } = routers();
  const dispatcher = routersBySegment(entries);
  expect((dispatcher.stack as { handle: unknown }[]).map((layer) => layer.handle)).toEqual(entries.map((e) => e.router));
});
