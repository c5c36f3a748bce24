import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { agendaCases } from '../../test/access/agenda';

const env = useTestApi({ config: { rateLimit: { uploadsPerMinute: 10_000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('agenda', agendaCases, () => scene);
