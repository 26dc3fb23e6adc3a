import { randomBytes } from "node:crypto";
import { displayBundle, type MimeBundle } from "./display";

/**
 * An output that can be replaced in place (Jupyter's `update_display_data`), e.g. a chart that
 * grows while a network trains. The first `show` creates the output; later ones replace it.
 */
export class UpdatableDisplay {
  readonly id = randomBytes(8).toString("hex");
  private shown = false;

  show(bundle: MimeBundle): boolean {
    const update = this.shown;
    this.shown = true;
    return displayBundle(bundle, this.id, update);
  }
}
