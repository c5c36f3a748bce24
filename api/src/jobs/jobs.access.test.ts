import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { jobCases } from '../../test/access/jobs';

const env = useTestApi({ config: { rateLimit: { loginPerMinute: 1000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('the job queue’s dead-letter list', jobCases, () => scene);
