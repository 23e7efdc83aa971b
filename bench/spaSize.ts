/** SPA size: gzipped JS of the initial route and of the auth layer alone (see scripts/spaSize.ts). */
import { measureSpaSize, type SpaSizeReport } from '../scripts/spaSize.ts';

export type { SpaSizeReport };

export async function runSpaSize(options: { log(line: string): void }): Promise<SpaSizeReport> {
  const report = await measureSpaSize();
  options.log(
    `  initial route ${(report.initialRoute.gzipBytes / 1024).toFixed(1)} KB, auth layer ${(report.authLayer.gzipBytes / 1024).toFixed(1)} KB gzipped`,
  );
  return report;
}
