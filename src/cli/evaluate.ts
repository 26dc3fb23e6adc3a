/**
 * `nndl evaluate FILE`: loads a saved network (ours, or one saved by the book's network2.py) and
 * prints its accuracy on MNIST's 10,000 test images.
 */
import { InputError } from "../errors";
import { loadNetwork } from "../io";
import { loadMnist } from "../mnist";
import { type FlagTable, choiceFlag, parseFlags, stringValue, usage } from "./args";

const FLAGS: FlagTable = {
  eval: { type: "string", value: "test|validation", description: "the set to measure accuracy on", default: "test" },
  json: { type: "boolean", description: 'print {"accuracy","correct","total"} as one JSON line' },
};

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("nndl evaluate", args, FLAGS, 1);
  if (values.help) {
    console.log(
      usage(
        "nndl evaluate FILE [flags]",
        FLAGS,
        "FILE: a network saved by `nndl train --save` or network2.py's Network.save.",
      ),
    );
    return 0;
  }
  const file = positionals[0];
  if (file === undefined) throw new InputError("nndl evaluate needs a network file: nndl evaluate FILE [--json]");
  const set = choiceFlag("eval", stringValue(values, "eval", "test"), ["test", "validation"] as const);
  const net = loadNetwork(file);
  const sizes = net.sizes;
  if (sizes[0] !== 784 || sizes[sizes.length - 1] !== 10) {
    throw new InputError(`network in ${file} has sizes [${sizes.join(", ")}]: MNIST needs 784 inputs and 10 outputs`);
  }
  const data = loadMnist()[set];
  const correct = net.evaluate(data);
  const accuracy = correct / data.count;
  if (values.json === true) {
    console.log(JSON.stringify({ accuracy, correct, total: data.count }));
  } else {
    console.log(
      `[${sizes.join(", ")}] ${net.cost.name} network from ${file}: ` +
        `${correct.toLocaleString("en-US")} / ${data.count.toLocaleString("en-US")} ${set} images correct (${(100 * accuracy).toFixed(2)}%)`,
    );
  }
  return 0;
}
