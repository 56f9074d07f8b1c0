/* Writes src/aws/models/<service>.json from botocore's models: `yarn workspace @backstage-eks/sandbox generate:models`. */
import { join } from 'node:path';
import { findBotocore } from '../src/aws/models/generate';
import { writeAllModels } from '../src/aws/models/write';

const botocore = findBotocore();
if (!botocore) {
  process.stderr.write(
    'botocore was not found: install the AWS CLI v1 or `pip install botocore`\n',
  );
  process.exit(1);
}
for (const file of writeAllModels(
  botocore,
  join(__dirname, '..', 'src', 'aws', 'models'),
))
  process.stdout.write(`wrote ${file} (botocore ${botocore.version})\n`);
