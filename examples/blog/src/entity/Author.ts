import { Column, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { Post } from "./Post";

@Entity("author")
export class Author {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 100 })
  name!: string;

  @Column({ length: 255, unique: true })
  email!: string;

  @OneToMany(
    () => Post,
    (post) => post.author,
  )
  posts!: Relation<Post>[];
}
