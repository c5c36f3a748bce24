import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { importCases } from '../../test/access/imports';

const env = useTestApi({ config: { rateLimit: { loginPerMinute: 1000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('import sources', importCases, () => scene);
