// dicom-parser is a UMD bundle: Node exposes it as `default`, its types as named exports.
import * as mod from 'dicom-parser';

export default ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
