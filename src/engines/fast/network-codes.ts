import type { Network } from "../../network";
import type { OutputKind } from "./minibatch";
import { ACTIVATION_CODES } from "./wat";

/** How the kernels name a network's layers: its hidden activation's code and its output layer with its cost. */

/** The hidden activation as an ACTIVATION_CODES value, or undefined if the kernels lack it. */
export function hiddenCode(net: Network): number | undefined {
  const name = net.activation.name;
  return Object.prototype.hasOwnProperty.call(ACTIVATION_CODES, name)
    ? ACTIVATION_CODES[name as keyof typeof ACTIVATION_CODES]
    : undefined;
}

export function outputKind(net: Network): OutputKind {
  if (net.cost.name === "log-likelihood") return "softmax-log-likelihood";
  return net.cost.name === "quadratic" ? "sigmoid-quadratic" : "sigmoid-cross-entropy";
}
