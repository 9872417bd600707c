/**
 * Data sets and readers: in-memory {@link io.github.deltastn.nn.data.Dataset}s (features {@code [N, ...]} with
 * class labels or regression targets), a deterministic, resumable
 * {@link io.github.deltastn.nn.data.DataLoader}, readers for IDX (MNIST, Fashion-MNIST), the CIFAR-10 binary
 * version ({@link io.github.deltastn.nn.data.Cifar10}), {@link io.github.deltastn.nn.data.Csv} tables, the Brown
 * corpus and the Penn Treebank ({@link io.github.deltastn.nn.data.TextCorpus#ptb}), and language-model batches
 * ({@link io.github.deltastn.nn.data.TextCorpus}, {@link io.github.deltastn.nn.data.Vocabulary},
 * {@link io.github.deltastn.nn.data.LmBatches}, time-major {@code [T, B]}).
 *
 * <p>{@link io.github.deltastn.nn.data.Datasets} reads the real data from the cache folder
 * ({@link io.github.deltastn.nn.data.DataCache}) that {@code scripts/fetch-data.sh} fills; a missing file
 * raises {@link io.github.deltastn.nn.data.MissingDataException} saying what to fetch (for CIFAR-10 and PTB,
 * read from a folder given by the caller: what the folder must hold), a bad one
 * {@link io.github.deltastn.nn.data.MalformedDataException} naming the file and the place. Shuffling draws
 * from an explicit {@link io.github.deltastn.core.Rng}.
 */
package io.github.deltastn.nn.data;
