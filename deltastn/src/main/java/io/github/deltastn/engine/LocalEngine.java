package io.github.deltastn.engine;

import java.io.Serializable;
import java.util.List;

/** {@link Engine#local()}: each task on the calling thread, one after another, in input order; no retries. */
final class LocalEngine implements Engine {
    static final LocalEngine INSTANCE = new LocalEngine();

    private LocalEngine() {}

    @Override
    public String id() {
        return "local";
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public <T extends Serializable, R extends Serializable> void map(List<T> inputs, Task<T, R> task, Results<R> results) {
        for (int i = 0; i < inputs.size(); i++) {
            R r;
            try {
                r = task.apply(inputs.get(i));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("local engine: task failed on input " + i + ": " + e, e);
            }
            results.accept(i, r, null);
        }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "local";
    }
}
