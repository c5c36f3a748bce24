import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { brandCases, contestCases } from '../../test/access/contest-and-brand';

const env = useTestApi({ config: { rateLimit: { loginPerMinute: 10_000, votesPerMinute: 10_000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('contest', contestCases, () => scene);
describeAccessTable('communication kit', brandCases, () => scene);
