import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { Author } from "./Author";

@Entity("post")
export class Post {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 200 })
  title!: string;

  @Column({ type: "text" })
  body!: string;

  // The change the committed migrations do not have yet: `npm run demo` autogenerates it.
  @Column({ type: "varchar", length: 280, nullable: true })
  summary!: string | null;

  @Column({ default: false })
  published!: boolean;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;

  @ManyToOne(
    () => Author,
    (author) => author.posts,
    { nullable: false, onDelete: "CASCADE" },
  )
  author!: Relation<Author>;
}
