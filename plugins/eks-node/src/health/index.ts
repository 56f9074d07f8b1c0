// Exports of the health part of eks-node; each module adds its line here.
export {};
