/** The files sharing adds to a batch directory (SPEC.md section 10). */

/** The share ids of a published batch (`publish`). */
export const PUBLISH_FILE = "publish.json";
/** Who was e-mailed what (`deliver`). */
export const DELIVERY_JOURNAL_FILE = "deliver.journal.json";
/** The folder of QR codes (`publish`). */
export const QR_DIR = "qr";
