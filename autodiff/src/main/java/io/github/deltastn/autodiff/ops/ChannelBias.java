package io.github.deltastn.autodiff.ops;

import io.github.deltastn.autodiff.LinearPrimitive;
import io.github.deltastn.autodiff.Var;
import io.github.deltastn.core.Conv;
import io.github.deltastn.core.Tensor;

/**
 * {@code y[n, c, …] = x[n, c, …] + b[c]}, x {@code [N, C, …]}, b {@code [C]} (a convolution's bias,
 * without materialising b at x's shape)
 * <br>VJP: {@code gx = gy}, {@code gb = Σ_{n, …} gy} (a sum over every axis but 1)
 * <br>JVP: {@code ty = tx + tb[c]}
 */
public final class ChannelBias extends LinearPrimitive {
    @Override
    public String name() {
        return "addChannelBias";
    }

    @Override
    public Tensor forward(Tensor... xs) {
        return Conv.addChannelBias(xs[0], xs[1]);
    }

    @Override
    protected Var[] transpose(Var gy, Var[] xs) {
        int[] axes = new int[gy.ndim() - 1];
        axes[0] = 0;
        for (int i = 1; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return new Var[] {gy, gy.sum(axes)};
    }
}
