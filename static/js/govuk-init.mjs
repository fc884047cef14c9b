// Start GOV.UK Frontend's components (menus, error summaries, notification banners).
import { initAll } from "../vendor/govuk-frontend-6.6.0.min.js";

initAll();
